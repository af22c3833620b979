package io.glasshouse.storage.query;

/** Page-based paging: {@code page} from 1, {@code limit} rows a page. */
public record PageRequest(int page, int limit) {
    public PageRequest {
        if (page < 1 || limit < 1) {
            throw new IllegalArgumentException("page and limit start at 1");
        }
    }

    public long offset() {
        return (long) (page - 1) * limit;
    }
}
