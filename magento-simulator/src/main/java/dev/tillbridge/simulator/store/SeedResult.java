package dev.tillbridge.simulator.store;

/** The entity ids given to seeded orders (consecutive). */
public record SeedResult(int created, Integer firstEntityId, Integer lastEntityId) {}
