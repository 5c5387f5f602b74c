package dev.tillbridge.status.service;

import dev.tillbridge.events.LogService;
import dev.tillbridge.events.LogType;
import java.time.Instant;

/** The Logs page's filters; every one optional. */
public record LogQuery(LogService service, LogType type, Instant since, int limit, PageCursor cursor) {}
