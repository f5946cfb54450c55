/**
 * Invitation page (/invite/<token>): a server-rendered form; this only shows the expiry in local time.
 * data-testid: see templates/auth/invite.html.
 */
import { localizeTimes } from "./live.js";

localizeTimes();
