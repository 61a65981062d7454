// A long form typed and not saved is not lost to a stray click or a reload: leaving asks first.
// Called while the form's component starts (beforeNavigate's rule).
import { beforeNavigate } from '$app/navigation';

export function warnUnsaved(dirty: () => boolean, question: () => string): void {
  beforeNavigate((nav) => {
    if (!dirty()) return;
    // Closing or reloading the tab: the browser asks in its own words.
    if (nav.type === 'leave') nav.cancel();
    else if (!confirm(question())) nav.cancel();
  });
}
