/* Runs before the page is drawn: lets the styles know that scripts run (class "js" on <html>). */
document.documentElement.classList.add("js");
