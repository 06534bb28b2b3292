"""A small labelled English/Arabic set written for these tests: four stories, each covered
in both languages. ``story`` is the gold label."""

ARTICLES = [
    # Sirte: Libyan forces against ISIS
    (
        "sirte",
        "en",
        "Libyan forces advance on ISIS stronghold in Sirte",
        "Libyan government forces advanced on the ISIS stronghold of Sirte on Monday, "
        "commanders said, after heavy fighting around the port and the city centre.",
    ),
    (
        "sirte",
        "en",
        "ISIS fighters surrounded in Sirte as Libyan troops push in",
        "Libyan troops surrounded ISIS fighters in the centre of Sirte, and commanders "
        "said the militants held only a few districts of the coastal city.",
    ),
    (
        "sirte",
        "en",
        "Libya declares Sirte liberated from ISIS",
        "Libya declared the city of Sirte liberated from ISIS after months of fighting, "
        "as government forces raised the flag over the last district.",
    ),
    (
        "sirte",
        "ar",
        "القوات الليبية تتقدم نحو معقل داعش في سرت",
        "تقدمت القوات الحكومية الليبية نحو معقل تنظيم داعش في مدينة سرت يوم الاثنين بعد "
        "معارك عنيفة حول الميناء ووسط المدينة.",
    ),
    (
        "sirte",
        "ar",
        "محاصرة مسلحي داعش في سرت مع تقدم القوات الليبية",
        "حاصرت القوات الليبية مسلحي تنظيم داعش في وسط مدينة سرت وقال القادة إن المسلحين "
        "لا يسيطرون إلا على أحياء قليلة من المدينة الساحلية.",
    ),
    (
        "sirte",
        "ar",
        "ليبيا تعلن تحرير سرت من تنظيم داعش",
        "أعلنت ليبيا تحرير مدينة سرت من تنظيم داعش بعد أشهر من القتال ورفعت القوات "
        "الحكومية العلم فوق آخر حي في المدينة.",
    ),
    # Nepal earthquake
    (
        "quake",
        "en",
        "Powerful earthquake strikes Nepal, hundreds killed",
        "A powerful earthquake struck Nepal on Saturday, killing hundreds of people and "
        "destroying buildings in Kathmandu, officials said.",
    ),
    (
        "quake",
        "en",
        "Rescue teams search rubble after Nepal earthquake",
        "Rescue teams searched the rubble of collapsed buildings in Kathmandu as the death "
        "toll from the Nepal earthquake rose.",
    ),
    (
        "quake",
        "en",
        "Aid arrives in Nepal as earthquake death toll climbs",
        "International aid arrived in Kathmandu as the death toll from the earthquake in "
        "Nepal climbed and survivors slept outside.",
    ),
    (
        "quake",
        "ar",
        "زلزال قوي يضرب نيبال ومقتل المئات",
        "ضرب زلزال قوي نيبال يوم السبت مما أدى إلى مقتل المئات من الأشخاص وتدمير مبان في "
        "كاتماندو بحسب المسؤولين.",
    ),
    (
        "quake",
        "ar",
        "فرق الإنقاذ تبحث تحت الأنقاض بعد زلزال نيبال",
        "بحثت فرق الإنقاذ تحت أنقاض المباني المنهارة في كاتماندو مع ارتفاع عدد ضحايا زلزال نيبال.",
    ),
    (
        "quake",
        "ar",
        "وصول المساعدات إلى نيبال مع ارتفاع حصيلة ضحايا الزلزال",
        "وصلت المساعدات الدولية إلى كاتماندو مع ارتفاع حصيلة ضحايا الزلزال في نيبال وبات "
        "الناجون ليلتهم في العراء.",
    ),
    # OPEC oil output
    (
        "opec",
        "en",
        "OPEC agrees to cut oil production",
        "OPEC members agreed in Vienna to cut oil production for the first time in eight "
        "years, sending crude prices sharply higher.",
    ),
    (
        "opec",
        "en",
        "Oil prices jump after OPEC output deal",
        "Oil prices jumped after the OPEC deal to cut production, with Brent crude rising "
        "above fifty dollars a barrel.",
    ),
    (
        "opec",
        "en",
        "Saudi Arabia says OPEC cut will balance the oil market",
        "Saudi Arabia said the OPEC production cut agreed in Vienna would balance the oil "
        "market next year.",
    ),
    (
        "opec",
        "ar",
        "أوبك تتفق على خفض إنتاج النفط",
        "اتفق أعضاء منظمة أوبك في فيينا على خفض إنتاج النفط لأول مرة منذ ثماني سنوات مما "
        "رفع أسعار الخام بشكل حاد.",
    ),
    (
        "opec",
        "ar",
        "قفزة في أسعار النفط بعد اتفاق أوبك على خفض الإنتاج",
        "قفزت أسعار النفط بعد اتفاق أوبك على خفض الإنتاج وارتفع خام برنت فوق خمسين دولارا للبرميل.",
    ),
    (
        "opec",
        "ar",
        "السعودية: خفض إنتاج أوبك سيعيد التوازن إلى سوق النفط",
        "قالت السعودية إن خفض إنتاج أوبك المتفق عليه في فيينا سيعيد التوازن إلى سوق النفط "
        "العام المقبل.",
    ),
    # Floods in Pakistan
    (
        "floods",
        "en",
        "Monsoon floods kill dozens in Pakistan",
        "Monsoon floods killed dozens of people in Pakistan and swept away villages in the "
        "province of Sindh, the disaster agency said.",
    ),
    (
        "floods",
        "en",
        "Pakistan floods displace thousands in Sindh",
        "Floods displaced thousands of families in Sindh as monsoon rain continued across "
        "Pakistan and rivers burst their banks.",
    ),
    (
        "floods",
        "en",
        "Army evacuates villagers as Pakistan floods spread",
        "The army evacuated villagers by boat as the floods spread across Pakistan and the "
        "monsoon rain did not stop.",
    ),
    (
        "floods",
        "ar",
        "فيضانات موسمية تقتل العشرات في باكستان",
        "قتلت الفيضانات الموسمية عشرات الأشخاص في باكستان وجرفت قرى في إقليم السند بحسب "
        "هيئة الكوارث.",
    ),
    (
        "floods",
        "ar",
        "فيضانات باكستان تشرد الآلاف في السند",
        "شردت الفيضانات آلاف العائلات في إقليم السند مع استمرار الأمطار الموسمية في "
        "باكستان وفيضان الأنهار.",
    ),
    (
        "floods",
        "ar",
        "الجيش يجلي القرويين مع اتساع فيضانات باكستان",
        "أجلى الجيش القرويين بالقوارب مع اتساع الفيضانات في باكستان واستمرار الأمطار الموسمية.",
    ),
]
