package dev.tillbridge.notifier.service;

/**
 * Makes text from outside (Magento messages, integration names, account ids) safe for one line of a mail:
 * CR, LF and every other control or line-separator character becomes a space, runs of blanks shrink to one,
 * and the result is capped. Header values are only ever built from text that went through here, so no input
 * can start a header line of its own ({@code \r\nBcc: ...}).
 */
public final class HeaderText {

    private HeaderText() {}

    public static String singleLine(String raw, int maxCodePoints) {
        if (raw == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(Math.min(raw.length(), maxCodePoints + 1));
        boolean blank = false;
        int kept = 0;
        for (int i = 0; i < raw.length() && kept <= maxCodePoints; ) {
            int cp = raw.codePointAt(i);
            i += Character.charCount(cp);
            if (isBreakOrControl(cp) || Character.isWhitespace(cp)) {
                blank = true;
                continue;
            }
            if (blank && out.length() > 0) {
                out.append(' ');
                kept++;
            }
            blank = false;
            out.appendCodePoint(cp);
            kept++;
        }
        String text = out.toString();
        if (text.codePointCount(0, text.length()) > maxCodePoints) {
            int end = text.offsetByCodePoints(0, Math.max(0, maxCodePoints - 1));
            text = text.substring(0, end).stripTrailing() + "…";
        }
        return text;
    }

    private static boolean isBreakOrControl(int cp) {
        int type = Character.getType(cp);
        return Character.isISOControl(cp)
                || type == Character.LINE_SEPARATOR
                || type == Character.PARAGRAPH_SEPARATOR
                || type == Character.FORMAT
                || type == Character.UNASSIGNED
                || type == Character.PRIVATE_USE
                || type == Character.SURROGATE;
    }
}
