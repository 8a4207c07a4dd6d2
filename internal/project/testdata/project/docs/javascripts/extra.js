document.documentElement.dataset.extra = "1";
