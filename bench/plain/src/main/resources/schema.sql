CREATE TABLE reset_request (
    id             BIGINT AUTO_INCREMENT PRIMARY KEY,
    identifier     VARCHAR(256) NOT NULL,
    client_address VARCHAR(64)  NOT NULL,
    requested_at   TIMESTAMP    NOT NULL,
    done           BOOLEAN      DEFAULT FALSE NOT NULL
);
CREATE INDEX reset_request_pending ON reset_request (done, id);
