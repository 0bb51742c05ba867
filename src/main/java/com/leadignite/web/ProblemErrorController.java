package com.leadignite.web;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.RequestMapping;

/**
 * Replaces Boot's error controller: whatever the servlet container forwards to {@code /error} (an
 * exception or {@code sendError} from a filter, a failure outside Spring MVC) goes to the error renderer,
 * written directly so that no {@code Accept} header can turn it into HTML or a 406. Called directly by a
 * client, {@code /error} is just an unknown path.
 */
@Controller
public class ProblemErrorController implements ErrorController {

    private static final Logger log = LoggerFactory.getLogger(ProblemErrorController.class);

    private final DelegatingErrorRenderer errors;

    public ProblemErrorController(DelegatingErrorRenderer errors) {
        this.errors = errors;
    }

    @RequestMapping("${server.error.path:/error}")
    public void error(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        HttpStatusCode status = code instanceof Integer i && i >= 400 && i <= 599 ? HttpStatusCode.valueOf(i) : HttpStatus.NOT_FOUND;
        Object error = request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
        if (error instanceof Throwable t && BodyReadTimeoutException.statusOf(t) != null) {
            status = BodyReadTimeoutException.statusOf(t);
        }
        if (status.is5xxServerError()) {
            Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
            if (error instanceof Throwable t) {
                log.error("Request to {} failed outside the MVC handlers", uri, t);
            } else {
                log.error("Request to {} failed with {} outside the MVC handlers", uri, status.value());
            }
        }
        errors.write(ApiException.of(status), request, response);
    }
}
