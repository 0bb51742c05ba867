package com.leadignite.inventory;

import com.leadignite.web.ApiException;
import com.leadignite.web.FieldErrorException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.servlet.ModelAndView;
import tools.jackson.databind.json.JsonMapper;

/**
 * Test-only stand-in that renders {@link ApiException} as a problem response while the application's
 * own problem-details handler is not on this branch. It runs last among the exception resolvers, so
 * once a {@code @RestControllerAdvice} handles {@link ApiException} this class never fires and can be
 * deleted.
 */
@Component
class ProblemFallbackForTests implements HandlerExceptionResolver, Ordered {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Override
    public ModelAndView resolveException(HttpServletRequest request, HttpServletResponse response, Object handler,
                                         Exception ex) {
        if (!(ex instanceof ApiException api) || response.isCommitted()) {
            return null;
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", api.type().toString());
        body.put("title", api.status().getReasonPhrase());
        body.put("status", api.status().value());
        body.put("detail", api.getMessage());
        if (api instanceof FieldErrorException fe) {
            body.put("errors", fe.errors());
        }
        try {
            response.setStatus(api.status().value());
            response.setContentType("application/problem+json");
            response.getWriter().write(JSON.writeValueAsString(body));
        } catch (IOException e) {
            return null;
        }
        return new ModelAndView();
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
