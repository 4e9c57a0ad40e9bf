/**
 * Records of stored files: every file belongs to a user (or the system), has a purpose that sets its size and
 * content-type limits, and is reached through short-lived signed URLs.
 */
package io.llmsvc.api.files;
