# syntax=docker/dockerfile:1
# One Dockerfile for every deployable of the platform (docs/deploy.md):
#   docker build --build-arg MODULE=inventory-service --target service   -t seckill/inventory-service .
#   docker build --build-arg MODULE=order-service     --target service   -t seckill/order-service .
#   docker build --build-arg MODULE=payment-service   --target service   -t seckill/payment-service .
#   docker build --build-arg MODULE=gateway           --target service   -t seckill/gateway .
#   docker build --build-arg MODULE=mq-broker         --target mq-broker -t seckill/mq-broker .
# docker-compose.yml passes the same arguments. Every executable jar is <module>/target/<module>.jar.

ARG JDK_IMAGE=maven:3.9-eclipse-temurin-21
ARG JRE_IMAGE=eclipse-temurin:21-jre

# ---- build: the module and the modules it depends on, tests skipped (they run in CI, not in image builds)
FROM ${JDK_IMAGE} AS build
ARG MODULE
WORKDIR /src
COPY . .
# The cache mount keeps ~/.m2 across builds, so a rebuild downloads nothing.
RUN --mount=type=cache,target=/root/.m2 \
    test -n "${MODULE}" || { echo "build-arg MODULE is required" >&2; exit 1; }; \
    mvn -B -ntp -q -pl "${MODULE}" -am -DskipTests package \
    && cp "${MODULE}/target/${MODULE}.jar" /app.jar

# ---- Spring Boot services: the jar's layers become image layers, so a code change rebuilds only the last one
FROM ${JRE_IMAGE} AS layers
COPY --from=build /app.jar /app.jar
RUN java -Djarmode=tools -jar /app.jar extract --layers --launcher --destination /extracted

# curl serves the HEALTHCHECK only; the images carry nothing else beyond the JRE.
FROM ${JRE_IMAGE} AS runtime-base
RUN apt-get update \
    && apt-get install -y --no-install-recommends curl \
    && rm -rf /var/lib/apt/lists/* \
    && groupadd --system --gid 10001 seckill \
    && useradd --system --uid 10001 --gid seckill --home-dir /app --shell /usr/sbin/nologin seckill
WORKDIR /app
# Heap sized from the container's memory limit, not the host's; an OutOfMemoryError restarts the container
# instead of leaving a half-working JVM. Override with JDK_JAVA_OPTIONS at run time.
ENV JDK_JAVA_OPTIONS="-XX:MaxRAMPercentage=75 -XX:InitialRAMPercentage=50 -XX:+ExitOnOutOfMemoryError"

FROM runtime-base AS service
# Least to most often changed, as Spring Boot's layer index orders them.
COPY --from=layers /extracted/dependencies/ ./
COPY --from=layers /extracted/spring-boot-loader/ ./
COPY --from=layers /extracted/snapshot-dependencies/ ./
COPY --from=layers /extracted/application/ ./
USER 10001:10001
# The service's own port (gateway 8080, inventory 8081, order 8082, payment 8083: each application.yml's
# server.port); SERVER_PORT keeps the health check on the port the service listens on if a deployment moves it.
ARG PORT=8080
ENV SERVER_PORT=${PORT}
EXPOSE ${PORT}
HEALTHCHECK --interval=10s --timeout=3s --start-period=90s --retries=3 \
    CMD curl -fsS "http://127.0.0.1:${SERVER_PORT}/actuator/health/readiness" > /dev/null || exit 1
ENTRYPOINT ["java", "org.springframework.boot.loader.launch.JarLauncher"]

# ---- mq-broker: a plain executable (shaded) jar; also the standalone coordinator (`coordinator --bootstrap …`)
FROM runtime-base AS mq-broker
COPY --from=build /app.jar /app/mq-broker.jar
RUN mkdir -p /data && chown 10001:10001 /data
USER 10001:10001
VOLUME /data
ENV MQ_BROKER_DATA_DIR=/data
# The admin port serving /health: 9644 for the broker; the standalone coordinator (`coordinator --admin-port
# 9645`) sets MQ_HEALTH_PORT=9645.
ENV MQ_HEALTH_PORT=9644
EXPOSE 9092 9644
# /health answers 503 until the broker serves.
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
    CMD curl -fsS "http://127.0.0.1:${MQ_HEALTH_PORT}/health" > /dev/null || exit 1
ENTRYPOINT ["java", "-jar", "/app/mq-broker.jar"]
