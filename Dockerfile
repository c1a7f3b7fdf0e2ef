# Stageline operator image: build the shaded jar with Maven, run it on a JRE as a non-root user.
#   docker build -t stageline:dev .
FROM maven:3-eclipse-temurin-17 AS build
WORKDIR /src
# dependencies first, so that a source change does not download them again
COPY pom.xml .
RUN mvn -B -q dependency:go-offline
COPY src ./src
RUN mvn -B -q -DskipTests package

FROM eclipse-temurin:17-jre
LABEL org.opencontainers.image.title="stageline" \
      org.opencontainers.image.description="Kubernetes operator for environments, promotions and access policies"
WORKDIR /app
COPY --from=build --chown=65532:65532 /src/target/stageline.jar /app/stageline.jar
# numeric, so that Kubernetes can verify runAsNonRoot without resolving a user name
USER 65532:65532
EXPOSE 8080
ENTRYPOINT ["java", "-jar", "/app/stageline.jar"]
