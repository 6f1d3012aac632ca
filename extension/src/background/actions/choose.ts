/** Choosing the certificate for an operation: the page's choice or the picker. */
import type { CertificateInfo } from "../../protocol/generated";
import type { Wire } from "../../shared/wire";
import { PodpisFailure } from "../../shared/errors";
import type { ActionContext } from "../context";
import { showDialog } from "../dialogs";
import { fetchCertificates } from "./listCertificates";

/**
 * Returns the certificate named by `thumbprint`, or lets the user pick
 * one. With `confirmInPicker` the picker's button is the confirmation of
 * the operation itself (login).
 */
export async function chooseCertificate(
  ctx: ActionContext,
  thumbprint: string | undefined,
  purpose: "sign" | "authenticate",
): Promise<{ certificate: Wire<CertificateInfo>; confirmed: boolean }> {
  if (thumbprint) {
    const found = await fetchCertificates(ctx, { thumbprint });
    const c = found.find((x) => x.thumbprint.toLowerCase() === thumbprint);
    if (!c) throw new PodpisFailure("CERTIFICATE_NOT_FOUND");
    return { certificate: c, confirmed: false };
  }
  const all = await fetchCertificates(ctx);
  if (all.length === 0) throw new PodpisFailure("NO_TOKEN", "no certificates with keys on connected tokens");
  const r = await showDialog(ctx.tabId, { kind: "picker", origin: ctx.origin, purpose, certificates: all });
  if (r.action !== "choose") throw new PodpisFailure("USER_CANCELLED");
  const c = all.find((x) => x.thumbprint === r.certificate);
  if (!c) throw new PodpisFailure("CERTIFICATE_NOT_FOUND");
  return { certificate: c, confirmed: true };
}
