/** Where legacy callers find the API: both bases answer alike. */
const BASES = ['/api', '/api/v1'];

/** A route's paths under every base (`/tasks/:id` → `/api/tasks/:id`, `/api/v1/tasks/:id`). */
export const at = (path: string): string[] => BASES.map((base) => `${base}${path}`);
