package com.leadignite.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.MethodParameter;
import org.springframework.http.MediaType;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyAdvice;

/**
 * Makes sure every authenticated request has its session confirmed before it can have an effect or an
 * answer. Reads ({@code GET}, {@code HEAD}) leave it to their first transaction, whose first statement
 * checks the session anyway ({@link AuthenticatedUser}); should a read answer without one, the check runs
 * before its body is written. Every other method is confirmed before its handler runs, so a dead session
 * never sees a validation answer to a write.
 */
@ControllerAdvice
class SessionConfirmation implements HandlerInterceptor, WebMvcConfigurer, ResponseBodyAdvice<Object> {

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(this);
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        String method = request.getMethod();
        if (!"GET".equals(method) && !"HEAD".equals(method)) {
            CurrentUser.find().ifPresent(AuthenticatedUser::confirm);
        }
        return true;
    }

    @Override
    public boolean supports(MethodParameter returnType, Class<? extends HttpMessageConverter<?>> converterType) {
        // Error answers are left alone: an exception thrown while rendering one would replace it with a 500.
        return !returnType.hasMethodAnnotation(ExceptionHandler.class);
    }

    @Override
    public Object beforeBodyWrite(Object body, MethodParameter returnType, MediaType contentType,
                                  Class<? extends HttpMessageConverter<?>> converterType, ServerHttpRequest request,
                                  ServerHttpResponse response) {
        CurrentUser.find().ifPresent(AuthenticatedUser::confirm);
        return body;
    }
}
