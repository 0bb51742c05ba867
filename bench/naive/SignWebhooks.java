package bench.naive;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Writes {@code count} Standard Webhooks deliveries (distinct ids, the current timestamp) for bench/api.sh,
 * one per line: {@code id<TAB>timestamp<TAB>signature<TAB>body}. Usage: SignWebhooks whsec_... count file
 */
public final class SignWebhooks {

    public static void main(String[] args) throws Exception {
        String secret = args[0];
        int count = Integer.parseInt(args[1]);
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring("whsec_".length())), "HmacSHA256"));
        long ts = System.currentTimeMillis() / 1000;
        try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(Path.of(args[2]), StandardCharsets.UTF_8))) {
            for (int i = 0; i < count; i++) {
                String id = "msg_bench_" + ts + "_" + i;
                String body = "{\"type\":\"call.ended\",\"data\":{\"n\":" + i + "}}";
                byte[] sig = mac.doFinal((id + "." + ts + "." + body).getBytes(StandardCharsets.UTF_8));
                out.println(id + "\t" + ts + "\tv1," + Base64.getEncoder().encodeToString(sig) + "\t" + body);
            }
        }
    }
}
