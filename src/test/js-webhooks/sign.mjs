// Signs a message with the official Standard Webhooks library and prints the webhook-signature value.
// usage: node sign.mjs <secret whsec_...> <msg id> <unix seconds> <body file>
import { readFileSync } from "node:fs";
import { Webhook } from "standardwebhooks";

const [secret, msgId, seconds, bodyFile] = process.argv.slice(2);
if (!bodyFile) {
  console.error("usage: node sign.mjs <secret> <msg id> <unix seconds> <body file>");
  process.exit(2);
}
const body = readFileSync(bodyFile, "utf8");
process.stdout.write(new Webhook(secret).sign(msgId, new Date(Number(seconds) * 1000), body));
