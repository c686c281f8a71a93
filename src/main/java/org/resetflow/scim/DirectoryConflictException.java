package org.resetflow.scim;

import org.resetflow.directory.DirectoryException;

/** 409 or 412: the resource changed under the write. Dialects retry once after a fresh read. */
class DirectoryConflictException extends DirectoryException {

    DirectoryConflictException(String message, int status) {
        super(message, status);
    }
}
