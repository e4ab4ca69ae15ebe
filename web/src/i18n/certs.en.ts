// English strings of certificates (the PDF download, the verification page's credential check, the profile's
// certificate list); spread into en.ts. Every key here must exist in certs.hi.ts.

export const certsEn = {
  "certs.checking": "Checking the certificate's digital signature…",
  "certs.competencies": "Competencies",
  "certs.downloadPdf": "Download PDF",
  "certs.downloaded": "The certificate PDF is downloaded.",
  "certs.forAttending": "has attended the event",
  "certs.howVerified": "Checked in your browser: the certificate's verifiable credential is signed with the platform's published key.",
  "certs.issuedBy": "Issued by {issuer}",
  "certs.kindEvent": "Event",
  "certs.level": "level {level}",
  "certs.noneShown": "No certificates yet.",
  "certs.onProfile": "Certificates",
  "certs.showHint": "Anyone signed in who opens your profile sees your certificates' titles and dates, each linked to its verification page.",
  "certs.showOnProfile": "Show my certificates on my public profile",
  "certs.showSaved": "Your profile setting is saved.",
  "certs.revoked": "This certificate was revoked on {date}.",
  "certs.tampered": "This certificate's signature does not match: it has been altered and is not valid.",
  "certs.verified": "Valid: the digital signature matches the issuer's key.",
};
