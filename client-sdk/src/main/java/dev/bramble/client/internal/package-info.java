/**
 * Internal to Bramble: the value codec, the code bundler and the wire calls. Workers use these too;
 * applications should not, as they may change in any release.
 */
package dev.bramble.client.internal;
