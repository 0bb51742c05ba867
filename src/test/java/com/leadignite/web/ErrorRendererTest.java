package com.leadignite.web;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.RequestDispatcher;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.web.ErrorResponse;
import org.springframework.web.ErrorResponseException;
import tools.jackson.databind.json.JsonMapper;

/** The one renderer: which shape a request gets, what a body may contain, where the request id comes from. */
class ErrorRendererTest {

    /** A stand-in for a second shape, selected for /other/**. */
    private static final ErrorRenderer OTHER = (error, request) ->
            ResponseEntity.status(error.getStatusCode()).body(Map.of("other", error.getStatusCode().value()));

    private final DelegatingErrorRenderer renderer = new DelegatingErrorRenderer(
            List.of(new ErrorRenderer.Route(r -> r.getRequestURI().startsWith("/other/"), OTHER)),
            new ProblemRenderer(), JsonMapper.builder().build());

    private static MockHttpServletRequest request(String path) {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", path);
        request.setAttribute(RequestIds.ATTRIBUTE, "rid-1");
        return request;
    }

    @Test
    void theMatchingRouteRendersElseAProblem() {
        assertThat(renderer.render(ApiException.notFound(), request("/other/x")).getBody()).isEqualTo(Map.of("other", 404));
        ResponseEntity<Object> problem = renderer.render(ApiException.notFound(), request("/api/v1/leads/x"));
        assertThat(problem.getHeaders().getContentType()).hasToString("application/problem+json");
        ProblemDetail body = (ProblemDetail) problem.getBody();
        assertThat(body.getType()).hasToString(ApiException.TYPE_BASE + "not-found");
        assertThat(body.getInstance()).hasToString("/api/v1/leads/x");
        assertThat(body.getProperties()).containsEntry("request_id", "rid-1");
    }

    /** On the container's ERROR dispatch the routes see the path the client asked for, not /error. */
    @Test
    void anErrorDispatchIsRoutedByTheOriginalPath() {
        MockHttpServletRequest request = request("/error");
        request.setAttribute(RequestDispatcher.ERROR_REQUEST_URI, "/other/y");
        assertThat(renderer.render(ApiException.of(HttpStatus.BAD_REQUEST), request).getBody()).isEqualTo(Map.of("other", 400));
    }

    /** Only our own exceptions choose a detail: a framework message (which may echo input) never reaches a client. */
    @Test
    void foreignErrorsGetTheFixedTextOfTheirStatus() {
        ErrorResponse foreign = new ErrorResponseException(HttpStatus.METHOD_NOT_ALLOWED,
                ProblemDetail.forStatusAndDetail(HttpStatus.METHOD_NOT_ALLOWED, "Request method '<script>' is not supported"), null);
        foreign.getHeaders().set("Allow", "GET");
        ResponseEntity<Object> answer = renderer.render(foreign, request("/api/v1/leads"));
        ProblemDetail body = (ProblemDetail) answer.getBody();
        assertThat(body.getDetail()).isEqualTo(Problems.defaultDetail(HttpStatus.METHOD_NOT_ALLOWED)).doesNotContain("script");
        assertThat(answer.getHeaders().getFirst("Allow")).isEqualTo("GET");
    }

    @Test
    void writtenFromAFilterWithTheStaticSecurityHeadersAndTheFlatBody() throws Exception {
        MockHttpServletResponse response = new MockHttpServletResponse();
        renderer.write(new ApiException(HttpStatus.TOO_MANY_REQUESTS, (java.net.URI) null, "slow down").retryAfter(3)
                .withProperty("violated-policies", List.of("ip")), request("/api/v1/leads"), response);
        assertThat(response.getStatus()).isEqualTo(429);
        assertThat(response.getHeader("Retry-After")).isEqualTo("3");
        assertThat(response.getHeader("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(response.getContentType()).startsWith("application/problem+json");
        var json = JsonMapper.builder().build().readTree(response.getContentAsString());
        assertThat(json.get("detail").asString()).isEqualTo("slow down");
        assertThat(json.get("request_id").asString()).isEqualTo("rid-1");
        assertThat(json.get("violated-policies").get(0).asString()).isEqualTo("ip");
        assertThat(json.has("properties")).isFalse();
    }

    @Test
    void aCommittedResponseIsLeftAlone() throws Exception {
        MockHttpServletResponse response = new MockHttpServletResponse();
        response.setStatus(200);
        response.getWriter().write("partial");
        response.flushBuffer();
        renderer.write(ApiException.forbidden(), request("/api/v1/leads"), response);
        assertThat(response.getStatus()).isEqualTo(200);
        assertThat(response.getContentAsString()).isEqualTo("partial");
    }

    @Test
    void oneSnakeCaseRuleForJsonNames() {
        assertThat(JsonNames.of("firstName")).isEqualTo("first_name");
        assertThat(JsonNames.ofPath("contact.firstName")).isEqualTo("contact.first_name");
        assertThat(JsonNames.ofPath("items[0].lastName")).isEqualTo("items[0].last_name");
        assertThat(JsonNames.of("URL")).isEqualTo("url");
    }

}
