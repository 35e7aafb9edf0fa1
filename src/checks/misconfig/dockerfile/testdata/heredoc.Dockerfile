# escape=`
FROM alpine:3.20 AS base
RUN <<EOT
  apk add --no-cache ca-certificates
  adduser -D app
EOT
COPY <<-EOF /etc/app.conf
	listen=8080
	EOF
RUN echo one `
    two
FROM base
USER root
