package dev.tillbridge.status.service;

import java.util.List;

/** A well-formed request the API cannot carry out as asked (422), naming the field and why. */
public class UnprocessableRequestException extends InvalidRequestException {

    public UnprocessableRequestException(String field, String message) {
        super(List.of(new FieldError(field, message)));
    }
}
