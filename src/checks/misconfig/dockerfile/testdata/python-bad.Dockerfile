FROM python:latest
LABEL maintainer="ops@example.com"
ENV APP_HOME=/srv/app \
    DB_PASSWORD=Sup3rS3cretPassw0rd \
    PYTHONUNBUFFERED=1
ARG API_TOKEN=9f8e7d6c5b4a39281706
# tooling
RUN apt-get update && \
    apt-get install -y gcc make sudo openssh-server
RUN curl -fsSL https://example.com/install.sh | bash
ADD https://example.com/tool.tar.gz /opt/
RUN pip install -r requirements.txt
RUN chmod u+s /usr/local/bin/tool && chmod 777 /srv/app
COPY . $APP_HOME
EXPOSE 22 8000
CMD ["python", "app.py"]
