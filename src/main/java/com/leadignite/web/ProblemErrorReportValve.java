package com.leadignite.web;

import java.io.IOException;
import java.io.Writer;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.json.ProblemDetailJacksonMixin;
import tools.jackson.databind.json.JsonMapper;

/**
 * Tomcat's last-resort error page (requests refused before they reach the application: an unparsable
 * URI, an oversized header...) as a problem instead of Tomcat's HTML page with its version banner.
 */
public class ProblemErrorReportValve extends ErrorReportValve {

    // Tomcat creates the valve by class name, outside the application context: the body is fixed text only.
    private static final JsonMapper JSON = JsonMapper.builder()
            .addMixIn(ProblemDetail.class, ProblemDetailJacksonMixin.class).build();

    public ProblemErrorReportValve() {
        setShowReport(false);
        setShowServerInfo(false);
    }

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        try {
            String known = RequestIds.of(request);
            String id = known != null ? known : RequestIds.acceptOrGenerate(null);
            response.setHeader(RequestIds.HEADER, id);
            Problems.applyStaticSecurityHeaders(response, request.isSecure());
            response.setContentType(Problems.PROBLEM_JSON.toString());
            response.setCharacterEncoding("UTF-8");
            String path = request.getRequestURI();
            String body = JSON.writeValueAsString(ProblemRenderer.problem(ApiException.of(HttpStatusCode.valueOf(status)),
                    path != null && path.length() <= 2048 && path.chars().allMatch(c -> c > 0x20 && c < 0x7f) ? path : null, id));
            Writer writer = response.getReporter();
            if (writer != null) {
                writer.write(body);
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException e) {
            // the connection is gone or already answered: nothing more to send
        }
    }
}
