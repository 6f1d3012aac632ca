/**
 * `podpis.authenticate({challenge})`: certificate login. The user picks
 * the certificate and presses "Войти" in the trusted picker (or confirms
 * the certificate the site named); that mints the consent.
 */
import type { AuthToken } from "../../protocol/generated";
import type { Wire } from "../../shared/wire";
import { PodpisFailure } from "../../shared/errors";
import { fromBase64 } from "../../shared/base64";
import { mintConsent } from "../../shared/consent";
import type { ActionContext } from "../context";
import { showDialog } from "../dialogs";
import { USER_TIMEOUT_MS } from "../host";
import { ensurePermission } from "./permission";
import { chooseCertificate } from "./choose";

/** Runs `authenticate`. */
export async function authenticate(ctx: ActionContext, p: { challenge: string; certificate?: string }): Promise<Wire<AuthToken>> {
  const n = fromBase64(p.challenge).length;
  if (n < 32 || n > 96) throw new PodpisFailure("INVALID_ARGUMENT", "challenge must be 32–96 bytes");
  await ensurePermission(ctx);
  const { certificate, confirmed } = await chooseCertificate(ctx, p.certificate, "authenticate");
  if (!confirmed) {
    const r = await showDialog(ctx.tabId, { kind: "login", origin: ctx.origin, certificate });
    if (r.action !== "confirm") throw new PodpisFailure("USER_CANCELLED");
  }
  const consent = await mintConsent(await ctx.host.consentKey(), {
    operation: "authenticate",
    origin: ctx.origin,
    certificate: certificate.thumbprint,
    digest: p.challenge,
  });
  return ctx.host.request<Wire<AuthToken>>(ctx.origin, "authenticate", { certificate: certificate.thumbprint, challenge: p.challenge, consent }, USER_TIMEOUT_MS);
}
