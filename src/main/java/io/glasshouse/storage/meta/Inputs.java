package io.glasshouse.storage.meta;

import io.glasshouse.error.GlasshouseException;
import java.util.Locale;

/** Checks of values people type (names, emails, passwords), answered as INVALID_REQUEST. */
final class Inputs {
    static final int MAX_NAME_LENGTH = 200;
    static final int MAX_EMAIL_LENGTH = 320;
    static final int MIN_PASSWORD_LENGTH = 8;
    // PBKDF2 cost grows with the password; nobody types more than this.
    static final int MAX_PASSWORD_LENGTH = 1024;

    private Inputs() {}

    /** The name without surrounding blanks. */
    static String name(String name, String what) {
        if (name == null || name.isBlank()) {
            throw GlasshouseException.invalid(what + " name is empty");
        }
        String stripped = name.strip();
        if (stripped.length() > MAX_NAME_LENGTH) {
            throw GlasshouseException.invalid(what + " name is longer than " + MAX_NAME_LENGTH + " characters");
        }
        if (stripped.chars().anyMatch(Character::isISOControl)) {
            throw GlasshouseException.invalid(what + " name contains control characters");
        }
        return stripped;
    }

    /** The email without surrounding blanks, in the case it was typed. */
    static String email(String email) {
        if (email == null || email.isBlank()) {
            throw GlasshouseException.invalid("email is empty");
        }
        String stripped = email.strip();
        int at = stripped.indexOf('@');
        if (at <= 0 || at != stripped.lastIndexOf('@') || at == stripped.length() - 1
                || stripped.chars().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c))) {
            throw GlasshouseException.invalid("'" + stripped + "' is not an email address");
        }
        if (stripped.length() > MAX_EMAIL_LENGTH) {
            throw GlasshouseException.invalid("email is longer than " + MAX_EMAIL_LENGTH + " characters");
        }
        return stripped;
    }

    /** The form emails are compared in: two spellings differing only in case are one user. */
    static String normalizedEmail(String email) {
        return email.strip().toLowerCase(Locale.ROOT);
    }

    static String password(String password) {
        if (password == null || password.length() < MIN_PASSWORD_LENGTH) {
            throw GlasshouseException.invalid("password must have at least " + MIN_PASSWORD_LENGTH + " characters");
        }
        if (password.length() > MAX_PASSWORD_LENGTH) {
            throw GlasshouseException.invalid("password is longer than " + MAX_PASSWORD_LENGTH + " characters");
        }
        return password;
    }
}
