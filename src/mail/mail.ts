/** An email as the services compose it; how it is delivered is the mailer's business. */
export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html: string;
}

/**
 * Delivers mail in the background. `deliver` never throws and is not awaited by callers:
 * a slow or failing mail server must neither delay an answer (its timing would tell
 * whether an account exists) nor fail it. Failures are logged by the mailer.
 */
export interface Mailer {
  deliver(message: MailMessage): void;
  /** Resolves once every delivery started so far has finished (for shutdown). */
  drain(): Promise<void>;
}
