package dev.tillbridge.simulator.http;

/**
 * The HTML a client gets when something in front of PHP answers instead of Magento: nginx's own error pages
 * (503 when php-fpm's queue is full, 502 when PHP died, 504 on a timeout), or a 200 page such as a WAF
 * challenge or a theme's error page. Clients must not try to read these as JSON.
 */
public final class HtmlPages {

    private HtmlPages() {}

    public static String forStatus(int status) {
        if (status == 200) {
            return "<!doctype html>\n<html><head><title>Error</title></head>\n"
                    + "<body><h1>There has been an error processing your request</h1>\n"
                    + "<p>Exception printing is disabled by default for security reasons.</p></body></html>\n";
        }
        return "<html>\r\n<head><title>" + status + " " + reason(status) + "</title></head>\r\n<body>\r\n"
                + "<center><h1>" + status + " " + reason(status) + "</h1></center>\r\n"
                + "<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n";
    }

    private static String reason(int status) {
        return switch (status) {
            case 500 -> "Internal Server Error";
            case 502 -> "Bad Gateway";
            case 503 -> "Service Temporarily Unavailable";
            case 504 -> "Gateway Time-out";
            case 429 -> "Too Many Requests";
            default -> "Error";
        };
    }
}
