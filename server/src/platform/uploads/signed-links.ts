/**
 * Signed links to upload images. `<img>` and Taro's `<Image>` cannot send a bearer header, so a
 * presenter, which already decided that the caller may see the record, hands out links that carry
 * their own proof: an expiry and an HMAC over (upload id, variant, expiry). Anyone holding the link
 * sees that one image until it expires; changing any part of it breaks the signature.
 *
 * The key is derived from the JWT secret, so there is nothing new to configure and rotating that
 * secret also retires every link; being derived (not the secret itself), a link's signature says
 * nothing usable about the tokens' key.
 */
import crypto from 'node:crypto';

export type UploadVariant = 'full' | 'thumb';

/** How long a link works. Long enough to read a page, short enough that a forwarded link dies. */
export const LINK_TTL_SECONDS = 60 * 60;
/**
 * Expiries are rounded up to this step, so pages fetched within the same ten minutes get the same
 * links and the image stays in the client's cache instead of being downloaded again.
 */
const EXPIRY_STEP_SECONDS = 10 * 60;

export class UploadLinkSigner {
  private readonly key: Buffer;

  constructor(jwtSecret: string) {
    this.key = crypto.createHmac('sha256', jwtSecret).update('linli/uploads/signed-links/v1').digest();
  }

  /** The expiry (unix seconds) of a link made at `now`: at least LINK_TTL_SECONDS ahead. */
  expiryFor(now: Date): number {
    const earliest = Math.floor(now.getTime() / 1000) + LINK_TTL_SECONDS;
    return Math.ceil(earliest / EXPIRY_STEP_SECONDS) * EXPIRY_STEP_SECONDS;
  }

  sign(uploadId: string, variant: UploadVariant, expiresAt: number): string {
    return crypto
      .createHmac('sha256', this.key)
      .update(`${uploadId}\n${variant}\n${expiresAt}`)
      .digest('base64url');
  }

  /** Whether the signature is ours for exactly this id, variant and expiry, and the expiry lies ahead. */
  verify(uploadId: string, variant: UploadVariant, expiresAt: number, signature: string, now: Date): boolean {
    if (expiresAt * 1000 <= now.getTime()) return false;
    const expected = Buffer.from(this.sign(uploadId, variant, expiresAt));
    const given = Buffer.from(signature);
    return given.length === expected.length && crypto.timingSafeEqual(given, expected);
  }
}
