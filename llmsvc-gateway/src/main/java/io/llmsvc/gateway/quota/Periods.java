package io.llmsvc.gateway.quota;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/** Budget periods: a UTC day or a UTC month, named by their first day ({@code yyyy-mm-dd}). */
final class Periods {
    static final String DAY = "day";
    static final String MONTH = "month";

    static LocalDate start(String period, long nowMillis) {
        LocalDate today = LocalDate.ofInstant(Instant.ofEpochMilli(nowMillis), ZoneOffset.UTC);
        return MONTH.equals(period) ? today.withDayOfMonth(1) : today;
    }

    /** Epoch second at which the period containing {@code start} ends. */
    static long end(String period, LocalDate start) {
        LocalDate next = MONTH.equals(period) ? start.plusMonths(1) : start.plusDays(1);
        return next.atStartOfDay(ZoneOffset.UTC).toEpochSecond();
    }

    private Periods() {}
}
