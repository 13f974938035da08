import bcrypt from 'bcryptjs';

/** Hashes and checks passwords; one instance per app, so tests can lower the cost. */
export class PasswordHasher {
  // Compared against when a login names no account, so that path costs what a real check costs.
  private readonly decoyHash: Promise<string>;

  constructor(private readonly rounds: number) {
    this.decoyHash = bcrypt.hash('decoy-password-for-unknown-users', rounds);
  }

  hash(password: string): Promise<string> {
    return bcrypt.hash(password, this.rounds);
  }

  /** Constant-time comparison (bcrypt's own). `hash` undefined still spends the time. */
  async verify(password: string, hash: string | undefined): Promise<boolean> {
    if (hash === undefined) {
      await bcrypt.compare(password, await this.decoyHash);
      return false;
    }
    return bcrypt.compare(password, hash);
  }
}
