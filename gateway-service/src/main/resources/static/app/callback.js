// Completes the authorization-code flow on /callback.html, then returns to the page that asked for sign-in.
import { createUserManager, loadConfig, safeReturnPath } from './auth.js';

try {
  const userManager = createUserManager(await loadConfig());
  const user = await userManager.signinRedirectCallback();
  window.location.replace(safeReturnPath(user.state));
} catch (error) {
  document.getElementById('status').textContent = `Sign-in failed: ${error.message}`;
  document.getElementById('retry').hidden = false;
}
