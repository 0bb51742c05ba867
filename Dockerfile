# syntax=docker/dockerfile:1
# Production image of the Lead Ignite API: docs/deployment.md. Build from a git checkout so that
# /actuator/info can name the commit:  docker build -t leadignite-api .

# ---- build: the lean jar (no embedded PostgreSQL), tests are run by CI, not here ----
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /build
COPY . .
# The checkout belongs to another user inside the container; git refuses such a repository otherwise.
RUN --mount=type=cache,target=/root/.m2 \
    (git config --global --add safe.directory /build || true) \
    && mvn -B -DskipTests package \
    && cp target/leadignite-api-*.jar /build/app.jar

# ---- run: JRE only, unprivileged, nothing writable but /tmp (mounted by compose as tmpfs) ----
FROM eclipse-temurin:17-jre
RUN groupadd --system --gid 10001 leadignite \
    && useradd --system --uid 10001 --gid 10001 --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin leadignite
WORKDIR /app
# Owned by root and not writable by the service user.
COPY --from=build /build/app.jar /app/app.jar
USER 10001:10001
# prod: production checks (master key, https base URL, database passwords...); metrics: the private
# management port with Prometheus, liveness/readiness probes and /actuator/info.
ENV SPRING_PROFILES_ACTIVE=prod,metrics \
    PORT=8080 \
    MANAGEMENT_PORT=9464 \
    JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError -Djava.io.tmpdir=/tmp"
EXPOSE 8080 9464
# Readiness on the management port (the image has no curl; bash's /dev/tcp is enough for one GET).
HEALTHCHECK --interval=15s --timeout=5s --start-period=120s --retries=3 \
    CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/${MANAGEMENT_PORT} && printf 'GET /actuator/health/readiness HTTP/1.0\\r\\nHost: localhost\\r\\n\\r\\n' >&3 && head -n 1 <&3 | grep -q ' 200'"]
ENTRYPOINT ["java", "-jar", "/app/app.jar"]
