package dev.tillbridge.poller.service;

import dev.tillbridge.events.AlertCode;
import dev.tillbridge.events.LogService;

/**
 * Why a cycle failed: the alert it raises, whose fault it is (Magento's, or Tillbridge's), the readable sentence,
 * and where (a Magento route).
 */
record CycleFailure(AlertCode code, LogService service, String message, String route) {}
