/**
 * Contracts of the agents (seed 001): the intent router ({@link io.llmsvc.api.agents.RouterApi}) and the document
 * agent ({@link io.llmsvc.api.agents.DocumentsApi}). In one process the gateway gets the agent bean itself; across
 * processes an HTTP client with the same contract under {@code /internal/router} and {@code /internal/documents}.
 * Errors are thrown as {@link io.llmsvc.api.LlmsvcException}.
 */
package io.llmsvc.api.agents;
