/**
 * Keys and connection files: the controller generates a client key and an engine key on first start,
 * writes them with its URL to {@code controller-client.json} and {@code controller-engine.json} (mode
 * 0600), and checks the bearer key of every request but health and the API description.
 */
package dev.bramble.controller.security;
