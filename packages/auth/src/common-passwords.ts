/**
 * Passwords people choose most often, shipped with the project so the check works offline.
 * Compiled for Gongzhi from the frequency rankings published after large leaks (the international
 * top lists and the Chinese ones: CSDN 2011, the 12306 and 163 leaks as reported), plus the words
 * such passwords are built from. Lower case; the check also refuses any of these followed by digits
 * or symbols ("password2026", "woaini1314!"), keyboard and digit runs, and repeated characters
 * (password-policy.ts).
 */
const LIST = `
123456 123456789 12345678 password 12345 1234567 1234567890 qwerty abc123 111111 123123 000000 1234 iloveyou
password1 password12 password123 qwerty123 qwertyuiop 1q2w3e4r 1q2w3e4r5t 1qaz2wsx 1qaz2wsx3edc zaq12wsx qazwsx
qazwsxedc zxcvbnm zxcvbn asdfgh asdfghjkl asdf1234 asd123 qwe123 qweasd qweasdzxc 123qwe 123qweasd 1qazxsw2
dragon baseball football soccer hockey basketball monkey letmein shadow master superman batman spiderman
michael jennifer jordan hunter buster harley tigger sunshine charlie robert thomas ranger daniel starwars
george computer michelle jessica pepper freedom maggie ginger princess joshua cheese amanda summer love
ashley nicole chelsea biteme matthew access yankees dallas austin thunder taylor matrix welcome welcome1
passw0rd p@ssw0rd p@ssword pa55word admin admin123 admin888 administrator root root123 toor test test123
guest guest123 user user123 login changeme default secret secret123 trustno1 whatever letmein1 iloveyou1
killer klaster mustang mercedes ferrari porsche corvette banana orange apple pineapple chocolate cookie
flower angel angels lovely loveme lover loveyou babygirl baby princess1 sweety sweetheart honey
hello hello123 hellokitty internet google facebook microsoft windows linux ubuntu oracle mysql postgres
samsung iphone huawei xiaomi tencent alibaba taobao weixin wechat qq123 qq123456 qwerty1 qwerty12
abc abcd abcde abcdef abcdefg abcdefgh abc12345 abc123456 abcd1234 abcd123456 a12345 a123456 a1234567
a12345678 a123456789 aa123456 aa12345678 aaa123 aaa111 aaaaaa aaaaaaaa 123456a 123456aa 123456abc
123456qq 123456789a 1234567a 12345678a 1234qwer 123abc 123321 654321 987654321 9876543210 0987654321
112233 11223344 121212 131313 159753 159357 147258 147258369 147852 147852369 123654 123654789
321321 456789 456123 789456 789456123 741852963 963852741 7758521 7758258 5201314 52013140 1314520 1314521
520520 521521 5211314 1314 520 woaini woaini1314 woaini520 woaini521 woaiwojia woaiwoma iloveyou1314
aini1314 wo123456 woshishui nihao nihao123 nihaoma zhongguo china china123 beijing shanghai chengdu
sichuan deyang meishan ziyang tianfu panda xiongmao huoguo mahjong majiang kuaile xingfu
wang123 wang123456 zhang123 zhang123456 li123456 liu123456 chen123456 yang123456 zhao123456 huang123456
wangwei zhangwei liwei liuyang wangjing lina zhangmin wanglei wangyan
888888 8888888 88888888 666666 6666666 66666666 666888 168168 518518 888999 999999 9999999 99999999
111222 111111111 1111111111 222222 333333 444444 555555 777777 7777777 0000000 00000000 1111111
11111111 101010 110110 119119 120120 123000 100200 12341234 12344321 123456123456 12121212
qwer1234 qwerasdf asdfqwer asdzxc zxc123 zxc123456 zxcvbnm123 qweqwe asdasd zxczxc 1a2b3c 1a2b3c4d
a1b2c3 a1b2c3d4 aa123123 abc123abc woaini123 iloveu iloveyou2 loveu123 forever together
superstar superman1 batman123 pokemon naruto doraemon mickey minnie snoopy garfield
football1 baseball1 soccer1 liverpool arsenal chelsea1 barcelona realmadrid juventus
dragon1 dragon123 monkey1 monkey123 shadow1 master1 master123 qwerty1234 qwertyu qwertyui
password01 password2 password3 password11 password!  passwd pass pass123 pass1234 password1234
mypassword newpassword mypass yourpass nopassword iloveyou! letmein123 welcome123 hello1234
admin1 admin12 admin1234 admin@123 admin2020 administrator1 sysadmin system system123 manager
test1 test12 test1234 testing testing123 demo demo123 sample temp temp123 temppass
gongzhi gongzhi123 gongzhi2026 gongzhi-demo-2026 chengguan chengguan123 zhengfu zhengwu
12345qwert 12345qwerty qwert12345 1qaz1qaz 2wsx3edc 1qaz@wsx 1qaz!qaz !qaz2wsx !qaz@wsx
q1w2e3r4 q1w2e3r4t5 q1w2e3 z1x2c3 qazxswedc qwaszx asdqwe zaqxsw xswzaq mnbvcxz
abc@123 abc#123 abcabc abcabc123 aaa123456 qwe123456 asd123456 zxcv1234 asdf123
`;

export const COMMON_PASSWORDS: ReadonlySet<string> = new Set(LIST.split(/\s+/).filter(Boolean));
