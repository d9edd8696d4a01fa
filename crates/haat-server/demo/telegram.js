// A fake Telegram.WebApp with the parts of Telegram's Mini App API that Haat uses, drawn as Telegram draws them
// (a MainButton at the bottom, a BackButton in the header). Init data comes from `#tgWebAppData=` as in
// Telegram; without it the demo user's data is unsigned, so the server refuses it and the store stays a plain
// web view. `window.fakeTelegram` lets tests read what the store called and change the theme.
(() => {
  const themes = {
    dark: {
      bg_color: '#17212b', secondary_bg_color: '#0e1621', text_color: '#f5f5f5', hint_color: '#708499',
      link_color: '#6ab3f3', button_color: '#5288c1', button_text_color: '#ffffff', section_bg_color: '#17212b',
      section_separator_color: '#0b1016', accent_text_color: '#6ab2f2', destructive_text_color: '#ec3942',
    },
    light: {
      bg_color: '#ffffff', secondary_bg_color: '#f0f0f0', text_color: '#000000', hint_color: '#999999',
      link_color: '#2481cc', button_color: '#2481cc', button_text_color: '#ffffff', section_bg_color: '#ffffff',
      section_separator_color: '#e7e7e7', accent_text_color: '#2481cc', destructive_text_color: '#e53935',
    },
  };
  const calls = [];
  const handlers = {};
  const user = JSON.stringify({ id: 1, first_name: 'Demo', last_name: 'Shopper' });
  const initData = new URLSearchParams(location.hash.slice(1)).get('tgWebAppData')
    || `user=${encodeURIComponent(user)}&auth_date=${Math.floor(Date.now() / 1000)}&hash=unsigned`;

  function nativeButton(id, render) {
    const element = document.getElementById(id);
    const clicks = [];
    const button = {
      text: '', isVisible: false, isActive: true,
      onClick(callback) { clicks.push(callback); return button; },
      setText(text) { return button.setParams({ text }); },
      show() { return button.setParams({ is_visible: true }); },
      hide() { return button.setParams({ is_visible: false }); },
      enable() { return button.setParams({ is_active: true }); },
      disable() { return button.setParams({ is_active: false }); },
      setParams(params) {
        if ('text' in params) button.text = params.text;
        if ('is_visible' in params) button.isVisible = params.is_visible;
        if ('is_active' in params) button.isActive = params.is_active;
        element.hidden = !button.isVisible;
        element.disabled = !button.isActive;
        render(element, button);
        return button;
      },
    };
    element.addEventListener('click', () => button.isActive && clicks.forEach(callback => callback()));
    return button;
  }

  const scheme = new URLSearchParams(location.search).get('scheme') === 'light' ? 'light' : 'dark';
  const webApp = {
    initData, version: '8.0', platform: 'tdesktop', colorScheme: scheme, themeParams: themes[scheme],
    ready() { calls.push('ready'); },
    expand() { calls.push('expand'); },
    disableVerticalSwipes() { calls.push('disableVerticalSwipes'); },
    onEvent(name, callback) { (handlers[name] ||= []).push(callback); },
    offEvent(name, callback) { handlers[name] = (handlers[name] || []).filter(other => other !== callback); },
    MainButton: nativeButton('tg-main', (element, button) => { element.textContent = button.text; }),
    BackButton: nativeButton('tg-back', () => {}),
    HapticFeedback: {
      impactOccurred(style) { calls.push(`impact:${style}`); },
      notificationOccurred(type) { calls.push(`notification:${type}`); },
      selectionChanged() { calls.push('selection'); },
    },
  };
  function setTheme(name) {
    webApp.colorScheme = name;
    webApp.themeParams = themes[name];
    document.body.dataset.scheme = name;
    (handlers.themeChanged || []).forEach(callback => callback.call(webApp));
  }
  document.body.dataset.scheme = scheme;
  document.getElementById('tg-theme').addEventListener('click', () => setTheme(webApp.colorScheme === 'dark' ? 'light' : 'dark'));
  window.Telegram = { WebApp: webApp };
  window.fakeTelegram = { calls, setTheme };
})();
