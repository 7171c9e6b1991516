// Does nothing: activating it measures VS Code's own cost of activating an extension.
exports.activate = function activate() {};
exports.deactivate = function deactivate() {};
