/** Who is asking: every service call that touches user data takes one. */
export interface Caller {
  readonly userId: number;
}
