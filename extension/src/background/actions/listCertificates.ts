/** `podpis.listCertificates(filter)`: certificates with keys, after site permission. */
import type { CertificateFilter, CertificateInfo } from "../../protocol/generated";
import type { Wire } from "../../shared/wire";
import type { ActionContext } from "../context";
import { ensurePermission } from "./permission";

/** Asks the host for certificates (no permission check). */
export async function fetchCertificates(ctx: ActionContext, filter?: CertificateFilter): Promise<Array<Wire<CertificateInfo>>> {
  const r = await ctx.host.request<unknown>(ctx.origin, "list-certificates", filter ? { filter } : {});
  // The result is the array itself; accept `{certificates: [...]}` too.
  const list = Array.isArray(r) ? r : (r as { certificates?: unknown })?.certificates;
  return Array.isArray(list) ? (list as Array<Wire<CertificateInfo>>) : [];
}

/** Runs `listCertificates`. */
export async function listCertificates(ctx: ActionContext, params: { filter?: CertificateFilter }): Promise<Array<Wire<CertificateInfo>>> {
  await ensurePermission(ctx);
  return fetchCertificates(ctx, params.filter);
}
