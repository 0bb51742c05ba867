package com.leadignite.security;

import com.leadignite.web.DelegatingErrorRenderer;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import org.springframework.core.MethodParameter;
import org.springframework.core.Ordered;
import org.springframework.http.MediaType;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyAdvice;

/**
 * Makes sure the session of every authenticated request is confirmed before the request has an effect or
 * an answer. A read of the API ({@code GET}/{@code HEAD} of a controller method under {@code /api/})
 * leaves that to its first transaction, whose first statement checks the session anyway
 * ({@link AuthenticatedUser}); should it answer without one, the check runs before its body is written,
 * or before an error is rendered. Every other request (writes, unknown routes, {@code /auth/v1}, whose
 * work runs under the auth component's claims) is confirmed before its handler runs, so a dead session
 * never learns how a write would have been validated.
 */
@ControllerAdvice
class SessionConfirmation implements HandlerInterceptor, WebMvcConfigurer, ResponseBodyAdvice<Object>,
        HandlerExceptionResolver, Ordered {

    private final ProblemAuthenticationEntryPoint entryPoint;
    private final DelegatingErrorRenderer errors;

    SessionConfirmation(ProblemAuthenticationEntryPoint entryPoint, DelegatingErrorRenderer errors) {
        this.entryPoint = entryPoint;
        this.errors = errors;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(this);
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        String method = request.getMethod();
        // Only the API's reads run under the caller's own claims; /auth/v1 works under the auth component's.
        boolean read = ("GET".equals(method) || "HEAD".equals(method)) && handler instanceof HandlerMethod
                && request.getServletPath().startsWith("/api/");
        if (!read) {
            CurrentUser.find().ifPresent(AuthenticatedUser::confirm);
        }
        return true;
    }

    @Override
    public boolean supports(MethodParameter returnType, Class<? extends HttpMessageConverter<?>> converterType) {
        // Error answers are covered by resolveException, which runs before any of them is rendered.
        return !returnType.hasMethodAnnotation(ExceptionHandler.class);
    }

    @Override
    public Object beforeBodyWrite(Object body, MethodParameter returnType, MediaType contentType,
                                  Class<? extends HttpMessageConverter<?>> converterType, ServerHttpRequest request,
                                  ServerHttpResponse response) {
        CurrentUser.find().ifPresent(AuthenticatedUser::confirm);
        return body;
    }

    /** First of the resolvers: a failed request of a dead session is a 401 (GoTrue's 403 under /auth/v1), whatever failed. */
    @Override
    public ModelAndView resolveException(HttpServletRequest request, HttpServletResponse response, Object handler,
                                         Exception ex) {
        Optional<AuthenticatedUser> caller = CurrentUser.find().filter(u -> !u.isConfirmed());
        if (caller.isEmpty()) {
            return null;
        }
        try {
            caller.get().confirm();
            return null;
        } catch (SessionRevokedException | MfaRequiredException refused) {
            // A dead session, or the org's require_mfa decided by this confirmation (OrgMfaEnforcement):
            // either comes first, as it would have had the request got as far as its first transaction.
            try {
                if (refused instanceof SessionRevokedException revoked) {
                    entryPoint.commence(request, response, revoked);
                } else {
                    errors.write((MfaRequiredException) refused, request, response);
                }
                return new ModelAndView();
            } catch (IOException e) {
                return null;
            }
        } catch (RuntimeException unavailable) {
            // The database could not answer: the request's own failure is rendered as it is.
            return null;
        }
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }
}
