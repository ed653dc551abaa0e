/**
 * Zero-touch provisioning: manufacturers registered with a tenant (the key that signs their manifests and the CAs
 * that issue their devices' bootstrap certificates), signed manufacturing manifests whose entries wait for each
 * device's first contact, the recall list, and the registration policy evaluated when a device presenting a
 * manufacturer's bootstrap certificate first enrols over EST. A device that passes is registered, its manifest entry
 * consumed and its operational certificate issued in one transaction, and gets the certificate in the same response.
 * Decommissioning retires a device for good (certificates revoked, state decommissioned, provenance kept); only a
 * manifest imported afterwards that lists it again (re-manufacture) lets it enrol again.
 */
@NullMarked
package dev.palisade.provisioning;

import org.jspecify.annotations.NullMarked;
