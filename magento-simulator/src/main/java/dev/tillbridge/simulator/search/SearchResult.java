package dev.tillbridge.simulator.search;

import java.util.List;

/** One page of matching rows and the unpaged count of all matches. */
public record SearchResult<R>(List<R> items, int totalCount) {}
