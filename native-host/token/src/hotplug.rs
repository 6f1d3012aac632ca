//! hotplug (in progress).
