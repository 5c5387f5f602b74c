package dev.tillbridge.events.order;

import java.math.BigDecimal;

public record Payment(String method, BigDecimal amountOrdered, BigDecimal amountPaid) {}
