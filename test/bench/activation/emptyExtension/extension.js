// Does nothing: activating it measures VS Code's own cost of activating an extension.
'use strict';
module.exports = { activate() {}, deactivate() {} };
