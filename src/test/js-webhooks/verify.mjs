// Verifies a message with the official Standard Webhooks library: prints "verified" and exits 0, or
// prints the library's error and exits 1.
// usage: node verify.mjs <secret whsec_...> <msg id> <unix seconds> <signature header> <body file>
import { readFileSync } from "node:fs";
import { Webhook } from "standardwebhooks";

const [secret, msgId, seconds, signature, bodyFile] = process.argv.slice(2);
if (!bodyFile) {
  console.error("usage: node verify.mjs <secret> <msg id> <unix seconds> <signature> <body file>");
  process.exit(2);
}
const body = readFileSync(bodyFile, "utf8");
try {
  new Webhook(secret).verify(body, {
    "webhook-id": msgId,
    "webhook-timestamp": seconds,
    "webhook-signature": signature,
  });
  process.stdout.write("verified");
} catch (e) {
  process.stdout.write("rejected: " + e.message);
  process.exit(1);
}
