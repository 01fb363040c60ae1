/** Typed configuration ({@code bramble.*}) and the wiring of the store, the writer and the scheduler. */
package dev.bramble.controller.config;
