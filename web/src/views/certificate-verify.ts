// Offline verification of a certificate's credential in the browser: the Data Integrity proof of the
// `eddsa-jcs-2022` cryptosuite (the server's karmayogi.domain.credentials signs it): SHA-256 of the JCS
// proof options ‖ SHA-256 of the JCS credential, an Ed25519 signature checked with the issuer's published
// key. The libraries (canonicalize: RFC 8785; @scure/base: base58btc; @noble/ed25519) load only here.

export type Verdict = "valid" | "revoked" | "tampered";

interface Alignment {
  targetName: string;
  targetCode?: string;
  targetDescription?: string;
}

export interface Credential {
  "@context": string[];
  issuer: { id: string; name?: string };
  validFrom: string;
  validUntil?: string;
  credentialSubject?: { name?: string; achievement?: { name?: string; alignment?: Alignment[] } };
  proof?: { type: string; cryptosuite: string; verificationMethod: string; proofValue: string; [k: string]: unknown };
  [k: string]: unknown;
}

export interface IssuerDocument {
  id: string;
  verificationMethod: { id: string; publicKeyMultibase: string }[];
  assertionMethod: string[];
}

const ED25519_MULTICODEC = [0xed, 0x01];

async function sha256(text: string): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text)));
}

/** Checks `credential` against the issuer document: "valid", "revoked" (validly signed, past its
 * `validUntil`) or "tampered" (anything that does not verify). */
export async function verifyCredential(credential: Credential, issuer: IssuerDocument, now = new Date()): Promise<Verdict> {
  const [{ default: canonicalize }, { base58 }, ed] = await Promise.all([
    import("canonicalize"),
    import("@scure/base"),
    import("@noble/ed25519"),
  ]);
  const { proof, ...document } = credential;
  if (!proof || proof.type !== "DataIntegrityProof" || proof.cryptosuite !== "eddsa-jcs-2022") return "tampered";
  const method = issuer.verificationMethod.find((m) => m.id === proof.verificationMethod);
  if (!method || !issuer.assertionMethod.includes(method.id) || document.issuer?.id !== issuer.id) return "tampered";
  try {
    if (!method.publicKeyMultibase.startsWith("z") || !proof.proofValue.startsWith("z")) return "tampered";
    const key = base58.decode(method.publicKeyMultibase.slice(1));
    if (key.length !== 34 || key[0] !== ED25519_MULTICODEC[0] || key[1] !== ED25519_MULTICODEC[1]) return "tampered";
    const { proofValue, ...options } = proof;
    const proofConfig = { ...options, "@context": document["@context"] };
    const data = new Uint8Array(64);
    data.set(await sha256(canonicalize(proofConfig) ?? ""), 0);
    data.set(await sha256(canonicalize(document) ?? ""), 32);
    const ok = await ed.verifyAsync(base58.decode(proofValue.slice(1)), data, key.slice(2));
    if (!ok) return "tampered";
  } catch {
    return "tampered";
  }
  if (document.validUntil && new Date(document.validUntil) <= now) return "revoked";
  return "valid";
}
