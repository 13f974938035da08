import { randomUUID } from 'node:crypto';
import type { SignedTokens } from './signed-tokens.js';

/** How long a device stays known after its last login. */
const DEVICE_TTL_SECONDS = 90 * 24 * 3600;

/** A device that logged in to an account before, as its device token names it. */
export interface KnownDevice {
  userId: number;
  deviceId: string;
}

/**
 * Device tokens (OWASP's "device cookie"): a login that succeeds hands the client a signed
 * token naming the account and the device; a later login that presents it for the same
 * account is the owner's device, whose failures count per device instead of against the
 * login name's budget, which a distributed guesser may have spent. Renewed at every login.
 */
export class DeviceTokens {
  constructor(private readonly signer: SignedTokens) {}

  /** A token for this device (the one presented, when it was this account's), renewed. */
  issue(userId: number, known: KnownDevice | undefined): string {
    const deviceId = known?.userId === userId ? known.deviceId : randomUUID();
    return this.signer.sign('device', String(userId), DEVICE_TTL_SECONDS, { did: deviceId });
  }

  /** The device a token names; undefined for no token, or one that is not a valid device token. */
  read(token: string | undefined): KnownDevice | undefined {
    if (!token) return undefined;
    try {
      const { subject, claims } = this.signer.verify('device', token);
      const userId = Number(subject);
      if (!Number.isSafeInteger(userId) || typeof claims.did !== 'string') return undefined;
      return { userId, deviceId: claims.did };
    } catch {
      return undefined;
    }
  }
}
