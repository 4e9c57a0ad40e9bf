package io.llmsvc.worker.template;

import java.time.ZonedDateTime;
import java.time.format.TextStyle;
import java.util.Locale;

/** Python's {@code strftime} directives (C locale) over a Java date-time, for {@code strftime_now}. */
final class PyStrftime {

    private PyStrftime() {}

    static String format(String pattern, ZonedDateTime t) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c != '%' || i + 1 == pattern.length()) {
                sb.append(c);
                continue;
            }
            char d = pattern.charAt(++i);
            switch (d) {
                case 'd' -> sb.append(two(t.getDayOfMonth()));
                case 'e' -> sb.append(String.format("%2d", t.getDayOfMonth()));
                case 'm' -> sb.append(two(t.getMonthValue()));
                case 'Y' -> sb.append(t.getYear());
                case 'y' -> sb.append(two(t.getYear() % 100));
                case 'H' -> sb.append(two(t.getHour()));
                case 'I' -> sb.append(two(t.getHour() % 12 == 0 ? 12 : t.getHour() % 12));
                case 'M' -> sb.append(two(t.getMinute()));
                case 'S' -> sb.append(two(t.getSecond()));
                case 'f' -> sb.append(String.format("%06d", t.getNano() / 1000));
                case 'p' -> sb.append(t.getHour() < 12 ? "AM" : "PM");
                case 'j' -> sb.append(String.format("%03d", t.getDayOfYear()));
                case 'b', 'h' -> sb.append(t.getMonth().getDisplayName(TextStyle.SHORT, Locale.ENGLISH));
                case 'B' -> sb.append(t.getMonth().getDisplayName(TextStyle.FULL, Locale.ENGLISH));
                case 'a' -> sb.append(t.getDayOfWeek().getDisplayName(TextStyle.SHORT, Locale.ENGLISH));
                case 'A' -> sb.append(t.getDayOfWeek().getDisplayName(TextStyle.FULL, Locale.ENGLISH));
                case 'w' -> sb.append(t.getDayOfWeek().getValue() % 7);
                case 'u' -> sb.append(t.getDayOfWeek().getValue());
                case 'Z' -> sb.append(t.getZone().getDisplayName(TextStyle.SHORT, Locale.ENGLISH));
                case 'z' -> sb.append(t.getOffset().getId().equals("Z") ? "+0000" : t.getOffset().getId().replace(":", ""));
                case 'F' -> sb.append(format("%Y-%m-%d", t));
                case 'T' -> sb.append(format("%H:%M:%S", t));
                case 'D' -> sb.append(format("%m/%d/%y", t));
                case '%' -> sb.append('%');
                default -> sb.append('%').append(d);
            }
        }
        return sb.toString();
    }

    private static String two(int n) { return n < 10 ? "0" + n : Integer.toString(n); }
}
